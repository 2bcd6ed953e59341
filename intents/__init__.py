"""The intent handler layer: ask-sdk-core handlers, interceptors, the interaction model."""
