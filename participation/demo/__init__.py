"""Demo data and first-start bootstrap (`flask demo`, `flask bootstrap`)."""
