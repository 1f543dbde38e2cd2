"""What `check` and `scan` add for reviewers: inline pragmas, the keyed baseline, the HTML page."""
