"""What a learner sees in Jupyter: exercise widgets, display helpers, explorers and the code encoder."""
