package io.switchboard.core.analysis;

/** Structural features routers use to judge how heavy a query is. */
public enum QueryFeature {
    JOIN,
    AGGREGATE,
    GROUP_BY,
    WINDOW,
    SUBQUERY,
    CTE,
    RECURSIVE_CTE,
    SET_OPERATION,
    ORDER_BY,
    DISTINCT,
    LIMIT
}
