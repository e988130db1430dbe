"""The command-line adapter (Typer + Rich). One module per group of commands."""
