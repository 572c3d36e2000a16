"""Reports and machine formats built from scan and inspection results."""
