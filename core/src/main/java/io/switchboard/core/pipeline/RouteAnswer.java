package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * A router's answer: a group (with a confidence between 0 and 1 and a reason), a pass, or a
 * denial (a {@code queryRegex} rule may refuse a query with a message).
 */
public record RouteAnswer(Action action, String group, double confidence, String reason) {
    public enum Action {
        ROUTE,
        PASS,
        DENY
    }

    public RouteAnswer {
        requireNonNull(action, "action is null");
        reason = reason == null ? "" : reason;
        if (action == Action.ROUTE && group == null) {
            throw new IllegalArgumentException("a route needs a group");
        }
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("confidence must be between 0 and 1");
        }
    }

    public static RouteAnswer to(String group, double confidence, String reason) {
        return new RouteAnswer(Action.ROUTE, group, confidence, reason);
    }

    public static RouteAnswer pass(String reason) {
        return new RouteAnswer(Action.PASS, null, 0, reason);
    }

    public static RouteAnswer deny(String reason) {
        return new RouteAnswer(Action.DENY, null, 0, reason);
    }
}
