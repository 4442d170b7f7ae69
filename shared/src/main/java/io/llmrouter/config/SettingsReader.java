package io.llmrouter.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the settings sections: {@code server}, {@code router}, {@code store} and {@code priceFeeds}. Every
 * key is optional; an absent one takes the default of its record ({@link ServerSettings#defaults()},
 * {@link RouterSettings#defaults()}, {@link StoreSettings#defaults()}).
 */
final class SettingsReader {

    private static final List<String> SERVER_KEYS = List.of("port");
    /** The Go router's HTTP timeouts; here the function's timeout and the forward budgets bound a request (see ServerSettings). */
    private static final List<String> GO_ONLY_SERVER_KEYS = List.of("readTimeout", "writeTimeout", "idleTimeout");
    private static final List<String> ROUTER_KEYS = List.of("routingStrategy", "clusterCostThreshold",
            "enableExternalFallback", "healthCheckInterval", "staleAfterIntervals", "maxLatencyMs", "maxQueueDepth",
            "overheadFactor", "assumedOutputTokens", "stickinessWindow", "hysteresis", "adminKey", "complexity", "savingsBaseline",
            "dropUnsupportedParams", "ttftSla", "playground");
    private static final List<String> GO_ONLY_ROUTER_KEYS = List.of("metricsUpdateInterval", "demoMode", "apiRateLimit");
    private static final List<String> HYSTERESIS_KEYS = List.of("margin", "holdTime");
    private static final List<String> COMPLEXITY_KEYS = List.of("enabled", "simpleBelow", "complexFrom", "economy", "premium");
    private static final List<String> STORE_KEYS = List.of("tableName", "partition", "snapshotRefresh",
            "maxSnapshotStaleness", "recordTtl", "publishedSnapshot");
    private static final List<String> PUBLISHED_SNAPSHOT_KEYS = List.of("shards", "maxAge");
    private static final List<String> PRICE_FEED_KEYS = List.of("name", "format", "location", "timeout", "maxJumpFactor");

    private static final Map<String, RoutingStrategyName> STRATEGIES = Arrays.stream(RoutingStrategyName.values())
            .collect(Collectors.toMap(RoutingStrategyName::yamlName, Function.identity()));
    private static final Map<String, PriceFeedFormat> FEED_FORMATS =
            Map.of("litellm", PriceFeedFormat.LITELLM, "openrouter", PriceFeedFormat.OPENROUTER);
    private static final Pattern DYNAMODB_TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    static final Duration DEFAULT_FEED_TIMEOUT = Duration.ofSeconds(10);
    static final double DEFAULT_MAX_JUMP_FACTOR = 10.0;

    private SettingsReader() {
    }

    static ServerSettings server(ConfigNode node) {
        node.checkMapping(SERVER_KEYS, GO_ONLY_SERVER_KEYS);
        return new ServerSettings(
                node.get("port").integer().check(port -> port >= 1 && port <= 65535, "must be a TCP port, 1 to 65535")
                        .orElse(ServerSettings.defaults().port()));
    }

    static RouterSettings router(ConfigNode node) {
        node.checkMapping(ROUTER_KEYS, GO_ONLY_ROUTER_KEYS);
        RouterSettings defaults = RouterSettings.defaults();
        return new RouterSettings(
                node.get("routingStrategy").choice(STRATEGIES).orElse(defaults.routingStrategy()),
                node.get("clusterCostThreshold").number().check(t -> t >= 0, "must be >= 0")
                        .orElse(defaults.clusterCostThreshold()),
                node.get("enableExternalFallback").bool().orElse(defaults.enableExternalFallback()),
                positiveDuration(node.get("healthCheckInterval"), defaults.healthCheckInterval()),
                node.get("staleAfterIntervals").integer().check(n -> n >= 1, "must be >= 1")
                        .orElse(defaults.staleAfterIntervals()),
                node.get("maxLatencyMs").longInteger().check(ms -> ms > 0, "must be > 0").orElse(defaults.maxLatencyMs()),
                node.get("maxQueueDepth").integer().check(depth -> depth >= 0, "must be >= 0")
                        .orElse(defaults.maxQueueDepth()),
                node.get("overheadFactor").number().check(f -> f >= 1.0, "must be >= 1.0")
                        .orElse(defaults.overheadFactor()),
                node.get("assumedOutputTokens").integer().check(n -> n >= 1, "must be >= 1")
                        .orElse(defaults.assumedOutputTokens()),
                hysteresis(node),
                node.get("adminKey").secret().get(),
                complexity(node.get("complexity")),
                savingsBaseline(node.get("savingsBaseline")),
                node.get("dropUnsupportedParams").bool().orElse(defaults.dropUnsupportedParams()),
                positiveDuration(node.get("ttftSla"), null),
                node.get("playground").bool().orElse(defaults.playground()));
    }

    /** {@code target/model}; the target is checked against the targets by {@link RouterConfigReader}. */
    private static ModelAlias.AliasTarget savingsBaseline(ConfigNode node) {
        String text = node.text()
                .check(t -> t.indexOf('/') > 0 && t.indexOf('/') < t.length() - 1,
                        "must be target/model, e.g. openai/gpt-4o")
                .get();
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        return new ModelAlias.AliasTarget(text.substring(0, slash), text.substring(slash + 1));
    }

    /** Target names in the lists are checked against the targets by {@link RouterConfigReader}. */
    private static ComplexitySettings complexity(ConfigNode node) {
        node.checkMapping(COMPLEXITY_KEYS, List.of());
        ComplexitySettings defaults = ComplexitySettings.disabled();
        double simpleBelow = node.get("simpleBelow").number().check(t -> t > 0 && t <= 1, "must be > 0 and <= 1")
                .orElse(defaults.simpleBelow());
        double complexFrom = node.get("complexFrom").number().check(t -> t > 0 && t <= 1, "must be > 0 and <= 1")
                .orElse(defaults.complexFrom());
        if (complexFrom < simpleBelow) {
            node.get("complexFrom").report("must be >= simpleBelow (" + simpleBelow + ")");
        }
        return new ComplexitySettings(node.get("enabled").bool().orElse(node.isPresent()), simpleBelow, complexFrom,
                node.get("economy").texts(), node.get("premium").texts());
    }

    /**
     * {@code router.stickinessWindow}, the Go router's only anti-flapping setting, is read as
     * {@code hysteresis.holdTime}; giving both is reported rather than letting one silently win.
     */
    private static HysteresisSettings hysteresis(ConfigNode router) {
        ConfigNode node = router.get("hysteresis");
        node.checkMapping(HYSTERESIS_KEYS, List.of());
        HysteresisSettings defaults = HysteresisSettings.defaults();
        double margin = node.get("margin").number().check(m -> m >= 0 && m < 1, "must be >= 0 and < 1")
                .orElse(defaults.margin());
        Field<Duration> holdTime = node.get("holdTime").duration();
        Field<Duration> stickinessWindow = router.get("stickinessWindow").duration();
        if (holdTime.isPresent() && stickinessWindow.isPresent()) {
            router.get("stickinessWindow").report("is the Go name of hysteresis.holdTime; set only one of them");
        }
        return new HysteresisSettings(margin, holdTime.orElse(stickinessWindow.orElse(defaults.holdTime())));
    }

    static StoreSettings store(ConfigNode node) {
        node.checkMapping(STORE_KEYS, List.of());
        StoreSettings defaults = StoreSettings.defaults();
        return new StoreSettings(
                node.get("tableName").text()
                        .check(name -> DYNAMODB_TABLE_NAME.matcher(name).matches(),
                                "must be a DynamoDB table name: 3 to 255 of letters, digits, '_', '-', '.'")
                        .orElse(defaults.tableName()),
                node.get("partition").text().orElse(defaults.partition()),
                positiveDuration(node.get("snapshotRefresh"), defaults.snapshotRefresh()),
                positiveDuration(node.get("maxSnapshotStaleness"), defaults.maxSnapshotStaleness()),
                positiveDuration(node.get("recordTtl"), defaults.recordTtl()),
                publishedSnapshot(node.get("publishedSnapshot")));
    }

    private static SnapshotPublishing publishedSnapshot(ConfigNode node) {
        SnapshotPublishing off = SnapshotPublishing.off();
        if (!node.checkMapping(PUBLISHED_SNAPSHOT_KEYS, List.of())) {
            return off;
        }
        return new SnapshotPublishing(
                node.get("shards").integer().check(n -> n >= 0 && n <= 100, "must be 0 (off) to 100").orElse(0),
                positiveDuration(node.get("maxAge"), off.maxAge()));
    }

    /** None when the section is absent: prices are fetched only from feeds the operator chose. */
    static List<PriceFeedConfig> priceFeeds(ConfigNode list) {
        List<PriceFeedConfig> feeds = new ArrayList<>();
        for (ConfigNode node : list.elements()) {
            if (node.checkMapping(PRICE_FEED_KEYS, List.of())) {
                feeds.add(priceFeed(node));
            }
        }
        return feeds;
    }

    private static PriceFeedConfig priceFeed(ConfigNode node) {
        String name = node.get("name").text().required().get();
        PriceFeedFormat format = node.get("format").choice(FEED_FORMATS).required().get();
        ConfigNode locationNode = node.get("location");
        String location = locationNode.text().required().get();
        if (location != null && location.contains("://")) {
            locationNode.httpUri();
        }
        return new PriceFeedConfig(
                name,
                format,
                location,
                positiveDuration(node.get("timeout"), DEFAULT_FEED_TIMEOUT),
                node.get("maxJumpFactor").number().check(f -> f > 1, "must be > 1").orElse(DEFAULT_MAX_JUMP_FACTOR));
    }

    private static Duration positiveDuration(ConfigNode node, Duration fallback) {
        return node.duration().check(Duration::isPositive, "must be longer than zero").orElse(fallback);
    }
}
