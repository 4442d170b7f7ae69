package io.llmrouter.config;

/** The cloud a self-hosted cluster runs in; used for price lookups and reporting. */
public enum CloudProvider {
    AWS, GCP, AZURE
}
