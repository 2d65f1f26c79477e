package io.switchboard.guardrails.pii;

import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.types.TypeKind;
import io.switchboard.core.result.ForwardingResultStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Masks personal data as batches stream through. The first batches are held back only until
 * {@code sampleRows} rows (or {@value #MAX_SAMPLE_BATCHES} batches) have been seen; then every
 * column is classified once and all batches, held and following, are masked in place. Memory stays
 * bounded by the sample, whatever the result's size.
 */
final class MaskingResultStream extends ForwardingResultStream {
    private static final Logger log = LoggerFactory.getLogger(MaskingResultStream.class);
    /** A trickle of tiny batches must not hold the first rows back for long. */
    static final int MAX_SAMPLE_BATCHES = 8;
    /** Column types whose values can hold personal data as text or as a number. */
    private static final Set<TypeKind> CANDIDATE_KINDS = EnumSet.of(TypeKind.CHAR, TypeKind.VARCHAR, TypeKind.JSON,
            TypeKind.UNKNOWN, TypeKind.BIGINT, TypeKind.INTEGER, TypeKind.HUGEINT, TypeKind.DECIMAL);

    private final PiiPolicy policy;
    private final ValueMasker masker;
    private final Consumer<List<String>> onClassified;
    private final Deque<RowBatch> held = new ArrayDeque<>();
    private PiiEntity[] entities;
    private boolean ended;

    MaskingResultStream(ResultStream delegate, PiiPolicy policy, KeyedHash hash, Consumer<List<String>> onClassified) {
        super(delegate);
        this.policy = policy;
        this.masker = new ValueMasker(policy, hash.newMac());
        this.onClassified = onClassified;
    }

    @Override
    public RowBatch nextBatch() {
        if (entities == null) {
            sampleAndClassify();
        }
        RowBatch batch = held.pollFirst();
        if (batch == null && !ended) {
            batch = delegate.nextBatch();
            if (batch == null) {
                ended = true;
            }
        }
        if (batch != null) {
            mask(batch);
        }
        return batch;
    }

    private void sampleAndClassify() {
        List<Column> columns = columns();
        int sampledRows = 0;
        while (!ended && sampledRows < policy.sampleRows() && held.size() < MAX_SAMPLE_BATCHES) {
            RowBatch batch = delegate.nextBatch();
            if (batch == null) {
                ended = true;
            } else {
                held.addLast(batch);
                sampledRows += batch.size();
            }
        }
        entities = new PiiEntity[columns.size()];
        ColumnClassifier classifier = new ColumnClassifier(policy.minMatchRatio());
        List<String> masked = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            if (policy.ignored(column.name())) {
                continue;
            }
            Optional<PiiEntity> configured = policy.configuredColumn(column.name());
            if (configured.isPresent()) {
                entities[c] = configured.get();
            } else if (CANDIDATE_KINDS.contains(column.type().kind())) {
                entities[c] = classifier.classify(column.name(), samples(c)).orElse(null);
            }
            if (entities[c] != null && policy.operatorFor(entities[c]) != MaskingOperator.KEEP) {
                masked.add(column.name() + "=" + entities[c].configName() + ":" + policy.operatorFor(entities[c]).configName());
            } else {
                entities[c] = null;
            }
        }
        if (!masked.isEmpty()) {
            log.debug("PIIMask masks {}", masked);
        }
        onClassified.accept(List.copyOf(masked));
    }

    private List<String> samples(int column) {
        List<String> samples = new ArrayList<>();
        for (RowBatch batch : held) {
            for (Object[] row : batch.rows()) {
                Object value = row[column];
                if (value != null && samples.size() < policy.sampleRows()) {
                    samples.add(ValueMasker.textOf(value));
                }
            }
        }
        return samples;
    }

    private void mask(RowBatch batch) {
        List<Column> columns = columns();
        for (int c = 0; c < entities.length; c++) {
            PiiEntity entity = entities[c];
            if (entity == null) {
                continue;
            }
            TypeKind kind = columns.get(c).type().kind();
            for (Object[] row : batch.rows()) {
                row[c] = masker.mask(row[c], entity, kind);
            }
        }
    }
}
