"""What every lesson shares: data, figures, evidence arithmetic, questions, widget wiring, help."""
