package io.llmrouter.replay.fleet;

import java.util.List;

/**
 * A simulated llama.cpp cluster: {@code replicas} servers of {@code slotsPerReplica} slots each behind
 * one endpoint, every slot prefilling and decoding at its own speed, one request a slot at a time.
 *
 * @param name                   the cluster's configured name
 * @param models                 the model ids it serves (its {@code /v1/models})
 * @param replicas               servers that run, each paid {@code nodePricePerHour}
 * @param slotsPerReplica        llama-server's {@code --parallel}
 * @param prefillTokensPerSecond prompt tokens a slot processes per second
 * @param decodeTokensPerSecond  tokens a slot generates per second
 * @param nodePricePerHour       $ per hour of one replica's node
 * @param contextWindow          each slot's {@code n_ctx}; null when unknown
 */
public record ClusterSpec(String name, List<String> models, int replicas, int slotsPerReplica,
                          double prefillTokensPerSecond, double decodeTokensPerSecond, double nodePricePerHour,
                          Integer contextWindow) {

    public ClusterSpec {
        models = List.copyOf(models);
        if (replicas < 1 || slotsPerReplica < 1) {
            throw new IllegalArgumentException("cluster " + name + " needs at least one replica and one slot, got "
                    + replicas + " x " + slotsPerReplica);
        }
        if (!(prefillTokensPerSecond > 0) || !(decodeTokensPerSecond > 0) || !Double.isFinite(prefillTokensPerSecond)
                || !Double.isFinite(decodeTokensPerSecond)) {
            throw new IllegalArgumentException("cluster " + name + " needs positive prefill and decode tokens/s, got "
                    + prefillTokensPerSecond + " and " + decodeTokensPerSecond);
        }
        if (!(nodePricePerHour >= 0) || !Double.isFinite(nodePricePerHour)) {
            throw new IllegalArgumentException("cluster " + name + " needs a node $/h >= 0, got " + nodePricePerHour);
        }
    }

    public int slots() {
        return replicas * slotsPerReplica;
    }

    /** Seconds a slot spends on a prompt of {@code tokens}. */
    public double prefillSeconds(int tokens) {
        return tokens / prefillTokensPerSecond;
    }

    /** Seconds a slot spends generating {@code tokens}. */
    public double decodeSeconds(int tokens) {
        return tokens / decodeTokensPerSecond;
    }
}
