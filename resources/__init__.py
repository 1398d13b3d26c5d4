"""Templates, styles, icons and norm frameworks shipped with Tabletop."""
