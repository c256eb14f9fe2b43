"""config.toml: read and validated into typed settings, and edited keeping the user's comments."""
