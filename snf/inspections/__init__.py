"""Housing locations, inspections on the tablet, findings and repair."""
