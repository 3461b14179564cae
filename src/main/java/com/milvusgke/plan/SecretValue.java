package com.milvusgke.plan;

/** A value the program sent to the engine marked as a Pulumi secret. Its toString never shows the value. */
public record SecretValue(Object value) {
    /** The marker Pulumi itself prints for a secret (`pulumi stack output`), used for every redaction here. */
    public static final String REDACTED = com.milvusgke.config.ConfigSource.UNDECRYPTED_SECRET;

    @Override
    public String toString() {
        return REDACTED;
    }
}
