"""Analysis kernels: indicators, free choice, accessibility. Pure functions over a Dataset."""
