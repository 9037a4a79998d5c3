"""Motion and measurement models of the tracking core, batched over tracks or pairs."""
