package io.switchboard.core.session;

/**
 * What an AI agent told us about why it sent a query. Every field is optional (null when
 * absent); the feedback store keeps them with the query so that routers can learn per agent and
 * operators can follow a conversation step by step.
 */
public record AgentContext(
        String agentId,
        String conversationId,
        Integer stepIndex,
        String toolCallId,
        String intent) {

    public static final AgentContext NONE = new AgentContext(null, null, null, null, null);

    public boolean isEmpty() {
        return agentId == null && conversationId == null && stepIndex == null && toolCallId == null && intent == null;
    }
}
