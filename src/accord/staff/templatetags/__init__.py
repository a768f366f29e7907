"""Template tags of the staff UI."""
