package com.milvusgke.verify;

import java.util.Objects;

/**
 * What a client authenticates to Milvus with: the stack's {@code milvusUser} and {@code milvusPassword} outputs.
 * Never printed: {@link #toString()} hides the password.
 */
public record ClientCredentials(String user, String password) {
    public ClientCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Milvus's token form, {@code user:password}, as its REST API takes it after {@code Bearer }. */
    String token() {
        return user + ":" + password;
    }

    @Override
    public String toString() {
        return "ClientCredentials[user=" + user + ", password=(hidden)]";
    }
}
