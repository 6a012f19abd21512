"""voice2task-jax: Chinese spoken commands -> Browser Task Contract JSON.

The shared layer every stage imports: contract, rows, prompts, tokenizer, model, LoRA, configs.
"""
