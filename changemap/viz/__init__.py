"""Views of a built graph: the offline network map and the report."""
