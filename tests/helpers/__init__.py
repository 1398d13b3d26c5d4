"""Programs the tests run in their own processes."""
