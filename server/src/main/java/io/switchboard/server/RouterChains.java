package io.switchboard.server;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.RouterChain;
import java.util.List;

/**
 * Builds the router chain from {@code routers:}. The rule routers (protocolBased, header,
 * userGroup, queryRegex, tags, compound, pythonScript) arrive with the routing issue; until then a
 * configured router is an error naming its line, never silently ignored.
 */
final class RouterChains {
    private RouterChains() {}

    static RouterChain create(SwitchboardConfig config) {
        for (ConfigNode router : config.routers()) {
            String type = router.string("type");
            throw router.valueError("type", "router type '" + type + "' is not available in this build yet");
        }
        return new RouterChain(List.of(), config.routingFallbackGroup());
    }
}
