"""How the pages and the CLI tables show the optimiser's objective values, stated by hand
(not read from the code): whole persons, patients and capacities; the worst area's % of
need to one decimal; the mean distance to two."""

#: Decimals per objective (``Objective`` value).
DECIMALS = {"free_choice": 0, "shortage": 0, "worst_area": 1, "nearness": 2, "continuity": 0}
