package io.llmrouter.spend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dimension's spend over a range, per value (a team, a key, ...), the values that spent most first.
 *
 * @param total  the sum over the groups; for tags, a request with several tags counts in each
 * @param groups per value: its total and its buckets in time order
 */
public record SpendReport(SpendAmount total, List<Group> groups) {

    /** What one value of the dimension spent, in total and per bucket. */
    public record Group(String value, SpendAmount total, List<SpendLine> buckets) {
    }

    /** Groups {@code lines} (one dimension's buckets) by value, sorted by dollars, then requests, then value. */
    public static SpendReport of(List<SpendLine> lines) {
        Map<String, List<SpendLine>> byValue = new LinkedHashMap<>();
        for (SpendLine line : lines) {
            byValue.computeIfAbsent(line.key().value(), v -> new ArrayList<>()).add(line);
        }
        List<Group> groups = new ArrayList<>();
        SpendAmount total = SpendAmount.ZERO;
        for (Map.Entry<String, List<SpendLine>> entry : byValue.entrySet()) {
            List<SpendLine> buckets = new ArrayList<>(entry.getValue());
            buckets.sort(Comparator.comparing(line -> line.key().bucketStart()));
            SpendAmount sum = buckets.stream().map(SpendLine::amount).reduce(SpendAmount.ZERO, SpendAmount::plus);
            groups.add(new Group(entry.getKey(), sum, List.copyOf(buckets)));
            total = total.plus(sum);
        }
        groups.sort(Comparator.comparingDouble((Group group) -> group.total().usd()).reversed()
                .thenComparing(Comparator.comparingLong((Group group) -> group.total().requests()).reversed())
                .thenComparing(Group::value));
        return new SpendReport(total, List.copyOf(groups));
    }
}
