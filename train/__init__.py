"""SFT and DPO training: losses, jit train steps, the loop, checkpoints and run cards."""
