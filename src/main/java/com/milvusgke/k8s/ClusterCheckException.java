package com.milvusgke.k8s;

import com.pulumi.exceptions.RunException;

import java.util.List;

/**
 * The cluster holds something the stack must not touch as things stand (an object a person made under a name the
 * stack declares, a release it did not install), or could not be looked at. A RunException, so Pulumi prints only
 * the message: each problem names the object, its namespace and what to do.
 */
public final class ClusterCheckException extends RunException {
    public ClusterCheckException(List<String> problems) {
        super(problems.size() == 1
                ? "refusing to touch the cluster: " + problems.get(0)
                : "refusing to touch the cluster (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
    }
}
