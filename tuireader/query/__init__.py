"""What the lists show: list items, selections, sorting and counting."""
