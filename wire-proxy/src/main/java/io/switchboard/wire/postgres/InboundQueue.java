package io.switchboard.wire.postgres;

import io.netty.channel.Channel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages decoded on the event loop, waiting for the connection's virtual thread. When more
 * than {@link #HIGH_WATER_MESSAGES} messages or {@link #HIGH_WATER_BYTES} bytes wait, the channel
 * stops reading the socket (autoRead off) until the thread has caught up to half of that, so a
 * client that pipelines faster than queries run is slowed by TCP instead of filling the heap.
 * The bound is soft by at most what one socket read had already decoded.
 */
final class InboundQueue {
    static final int HIGH_WATER_MESSAGES = 256;
    static final long HIGH_WATER_BYTES = 4L * 1024 * 1024;

    private final Channel channel;
    private final LinkedBlockingQueue<FrontendMessage> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();

    InboundQueue(Channel channel) {
        this.channel = channel;
    }

    /** Event loop side. */
    void add(FrontendMessage message) {
        queue.add(message);
        long bytes = queuedBytes.addAndGet(message.sizeEstimate());
        if ((queue.size() >= HIGH_WATER_MESSAGES || bytes >= HIGH_WATER_BYTES) && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
    }

    /** Worker side: the next message, waiting as long as it takes. */
    FrontendMessage take() throws InterruptedException {
        FrontendMessage message = queue.take();
        long bytes = queuedBytes.addAndGet(-message.sizeEstimate());
        if (!channel.config().isAutoRead() && queue.size() <= HIGH_WATER_MESSAGES / 2 && bytes <= HIGH_WATER_BYTES / 2
                && channel.isActive()) {
            channel.config().setAutoRead(true);
        }
        return message;
    }

    int size() {
        return queue.size();
    }
}
