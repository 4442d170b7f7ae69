package io.llmrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private static List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, Map.of())).problems();
    }

    @Test
    void listsEveryBadFieldInOneError() {
        String yaml = """
                server: {port: 70000}
                router:
                  routingStrategy: smart_hybrid
                  clusterCostThreshold: -0.5
                  staleAfterIntervals: 0
                  maxQueueDepth: -1
                  overheadFactor: 0.9
                  hysteresis: {margin: 1.0}
                clusters:
                  - name: aws
                    endpoint: https://aws.example.com
                    costPerHour: 0.09
                    tokensPerSecond: 0
                  - name: gcp
                    endpoint: ftp://gcp.example.com
                    costPerHour: -1
                    provider: alibaba
                  - endpoint: llm.example.com
                    costPerHour: 0.1
                externalProviders:
                  - name: aws
                    type: openai
                    apiKey: sk-x
                    defaultModel: gpt-4o-mini
                  - name: bard
                    type: palm
                    apiKey: k
                    defaultModel: m
                priceFeeds:
                  - {name: litellm, format: csv, location: ''}
                """;

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, Map.of()));

        assertEquals(List.of(
                "server.port: must be a TCP port, 1 to 65535, got 70000",
                "router.routingStrategy: must be one of cluster_first, cost, external_first, hybrid, latency,"
                        + " got smart_hybrid",
                "router.clusterCostThreshold: must be >= 0, got -0.5",
                "router.staleAfterIntervals: must be >= 1, got 0",
                "router.maxQueueDepth: must be >= 0, got -1",
                "router.overheadFactor: must be >= 1.0, got 0.9",
                "router.hysteresis.margin: must be >= 0 and < 1, got 1.0",
                "clusters[0].tokensPerSecond: must be > 0, got 0",
                "clusters[1].endpoint: must be an absolute http:// or https:// URI",
                "clusters[1].provider: must be one of aws, azure, gcp, got alibaba",
                "clusters[1].costPerHour: must be > 0, got -1",
                "clusters[2].name: is required",
                "clusters[2].endpoint: must be an absolute http:// or https:// URI",
                "externalProviders[0].name: 'aws' is already the name of clusters[0];"
                        + " cluster and provider names must be unique",
                "externalProviders[1].type: must be one of anthropic, claude, gemini, google, openai, got palm",
                "priceFeeds[0].format: must be one of litellm, openrouter, got csv",
                "priceFeeds[0].location: is required"), e.problems());
        assertTrue(e.getMessage().startsWith("Invalid router configuration in YAML text (17 problems):\n"
                + "  server.port: must be a TCP port, 1 to 65535, got 70000\n"), e.getMessage());
    }

    @Test
    void aTtftSlaIsAPositiveDurationAndOffUnlessGiven() {
        String cluster = "clusters:\n  - {name: a, endpoint: 'http://h:1', costPerHour: 1}\n";
        assertEquals(java.time.Duration.ofMillis(1500),
                ConfigLoader.fromYaml("router: {ttftSla: 1.5s}\n" + cluster, Map.of()).router().ttftSla());
        assertEquals(null, ConfigLoader.fromYaml(cluster, Map.of()).router().ttftSla());
        List<String> problems = problems("router: {ttftSla: 0s}\n" + cluster);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("router.ttftSla: must be longer than zero"), problems.get(0));
    }

    @Test
    void thePlaygroundIsOffUnlessTheConfigTurnsItOnAndTakesOnlyABoolean() {
        String cluster = "clusters:\n  - {name: a, endpoint: 'http://h:1', costPerHour: 1}\n";
        assertEquals(false, ConfigLoader.fromYaml(cluster, Map.of()).router().playground());
        assertEquals(true, ConfigLoader.fromYaml("router: {playground: true}\n" + cluster, Map.of()).router().playground());
        assertEquals(false, ConfigLoader.fromYaml("router: {playground: false}\n" + cluster, Map.of()).router().playground());
        List<String> problems = problems("router: {playground: sometimes}\n" + cluster);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("router.playground: "), problems.get(0));
    }

    @Test
    void misspelledKeysInKnownSectionsAreErrorsWhileGoOnlySettingsAreSkipped() {
        String yaml = """
                router:
                  routingStrategey: cost
                  metricsUpdateInterval: 30s
                clusters:
                  - {name: a, endpoint: 'http://h:1', costPerHour: 1, costPerHr: 2}
                externalProviders:
                  - {name: o, type: openai, apiKey: k, defaultModel: m, rateLimit: {requestsPerMinute: 1}, budgetLimit: 5}
                logging: {level: debug}
                loging: {level: debug}
                """;

        assertEquals(List.of(
                "loging: unknown key; expected one of server, router, clusters, externalProviders, priceFeeds,"
                        + " nodePrices, modelAliases, store, auth, limits, cache",
                "router.routingStrategey: unknown key; expected one of routingStrategy, clusterCostThreshold,"
                        + " enableExternalFallback, healthCheckInterval, staleAfterIntervals, maxLatencyMs,"
                        + " maxQueueDepth, overheadFactor, assumedOutputTokens, stickinessWindow, hysteresis, adminKey,"
                        + " complexity, savingsBaseline, dropUnsupportedParams, ttftSla, playground",
                "clusters[0].costPerHr: unknown key; expected one of name, endpoint, region, provider, costPerHour,"
                        + " instanceType, tokensPerSecond, contextWindow, models, authType, sharedSecret, apiKey,"
                        + " clientCert, clientKey, caCert, certFile, keyFile"), problems(yaml));
    }

    @Test
    void eachAuthTypeRequiresItsCredentialAndRefusesTheOthers() {
        String yaml = """
                clusters:
                  - {name: a, endpoint: 'https://a', costPerHour: 1, authType: hmac}
                  - {name: b, endpoint: 'https://b', costPerHour: 1, authType: apiKey}
                  - {name: c, endpoint: 'https://c', costPerHour: 1, authType: mtls, clientCert: /c.pem}
                  - {name: d, endpoint: 'https://d', costPerHour: 1, sharedSecret: forgot-the-auth-type}
                  - {name: e, endpoint: 'https://e', costPerHour: 1, authType: mtls, clientCert: /c.pem, certFile: /x.pem,
                     clientKey: /k.pem, apiKey: k}
                  - {name: f, endpoint: 'https://f', costPerHour: 1, authType: oauth}
                """;

        assertEquals(List.of(
                "clusters[0].sharedSecret: is required with authType hmac",
                "clusters[1].apiKey: is required with authType apiKey",
                "clusters[2].clientKey: is required with authType mtls",
                "clusters[3].sharedSecret: is only used with authType hmac, but authType is not set",
                "clusters[4].apiKey: is only used with authType apiKey, but authType is mtls",
                "clusters[4].certFile: is another name for clientCert; set only one of them",
                "clusters[5].authType: must be one of apiKey, hmac, mtls, none, got oauth"), problems(yaml));
    }

    @Test
    void enabledProvidersNeedAKeyAndAModel() {
        String yaml = """
                externalProviders:
                  - {name: a, type: openai}
                  - {name: b, type: anthropic, apiKey: k, models: [m1], defaultModel: m2}
                  - {name: c, type: gemini, enabled: false}
                  - {name: d, type: openai, apiKey: k, defaultModel: m, baseURL: 'https://x/v1', baseUrl: 'https://y/v1'}
                  - {name: e/f, type: openai, apiKey: k, defaultModel: m, enabled: maybe}
                """;

        assertEquals(List.of(
                "externalProviders[0].apiKey: is required when the provider is enabled",
                "externalProviders[0].defaultModel: is required when models is empty:"
                        + " requests for auto need a model to ask for",
                "externalProviders[1].defaultModel: must be one of models [m1], got m2",
                "externalProviders[3].baseUrl: is another name for baseURL; set only one of them",
                "externalProviders[4].enabled: must be true or false, got maybe",
                "externalProviders[4].name: must be letters, digits, '.', '_' or '-', starting with a letter or digit,"
                        + " got e/f"), problems(yaml));
    }

    @Test
    void aliasEntriesMustNameKnownTargetsAndModels() {
        String yaml = """
                clusters:
                  - {name: aws, endpoint: 'https://aws', costPerHour: 1, models: [llama-3-8b]}
                  - {name: gcp, endpoint: 'https://gcp', costPerHour: 1}
                externalProviders:
                  - {name: openai, type: openai, apiKey: k, models: [gpt-4o-mini, gpt-4o]}
                modelAliases:
                  fast: [aws, opneai/gpt-4o-mini, openai/gpt-5, aws/, gcp/any-model]
                  auto: [aws]
                  empty: []
                  gpt-4o: [aws]
                  llama-3-8b: [aws, gcp/llama3-8b-instruct-q4]
                """;

        assertEquals(List.of(
                "modelAliases.fast[1]: unknown target opneai; the targets are aws, gcp, openai",
                "modelAliases.fast[2]: openai does not list model gpt-5; its models are [gpt-4o-mini, gpt-4o]",
                "modelAliases.fast[3]: names no model after '/': write aws or aws/<model>",
                "modelAliases.auto: is reserved: auto always means every cluster and enabled provider;"
                        + " choose another name",
                "modelAliases.empty: must list at least one target (a target or target/model)",
                "modelAliases.gpt-4o: is also a model of openai, which this alias leaves out, so requests for gpt-4o"
                        + " could never reach openai; add openai to the alias or rename it"), problems(yaml));
    }

    @Test
    void anAliasNamedLikeAModelIsAcceptedWhenItKeepsEveryTargetOfThatModel() {
        String yaml = """
                clusters:
                  - {name: aws, endpoint: 'https://aws', costPerHour: 1, models: [llama-3-8b]}
                  - {name: gcp, endpoint: 'https://gcp', costPerHour: 1}
                modelAliases:
                  llama-3-8b: [aws, gcp/llama3-8b-instruct-q4]
                """;

        RouterConfig config = ConfigLoader.fromYaml(yaml, Map.of());

        assertEquals(List.of(new ModelAlias.AliasTarget("aws", null),
                        new ModelAlias.AliasTarget("gcp", "llama3-8b-instruct-q4")),
                config.modelAliases().get("llama-3-8b").targets());
    }

    @Test
    void stickinessWindowAndHoldTimeTogetherAreReported() {
        String yaml = """
                router: {stickinessWindow: 30s, hysteresis: {holdTime: 60s}}
                clusters: [{name: a, endpoint: 'http://h:1', costPerHour: 1}]
                """;

        assertEquals(List.of("router.stickinessWindow: is the Go name of hysteresis.holdTime; set only one of them"),
                problems(yaml));
    }

    @Test
    void wrongShapesAreReportedWithTheirPath() {
        String yaml = """
                server: 8080
                router: {adminKey: [a, b], maxLatencyMs: 1.5}
                clusters:
                  - just-a-name
                  -
                  - {name: a, endpoint: 'http://h:1', costPerHour: 'cheap', models: {a: b}}
                modelAliases: [fast]
                """;

        assertEquals(List.of(
                "server: must be a mapping of keys to values",
                "router.maxLatencyMs: must be a whole number, got 1.5",
                "router.adminKey: must be a single value, not a list",
                "clusters[1]: is empty",
                "clusters[0]: must be a mapping of keys to values",
                "clusters[2].costPerHour: must be a number, got cheap",
                "clusters[2].models: must be a list",
                "modelAliases: must be a mapping of keys to values"), problems(yaml));
    }

    @Test
    void settingsThatNameTargetsMustNameConfiguredOnes() {
        String yaml = """
                router:
                  savingsBaseline: opnai/gpt-4o
                  complexity: {economy: [a, b], premium: [openai], complexFrom: 0.1, simpleBelow: 0.2}
                clusters:
                  - {name: a, endpoint: 'http://h:1', costPerHour: 1}
                externalProviders:
                  - {name: openai, type: openai, apiKey: k, defaultModel: gpt-4o}
                """;

        assertEquals(List.of(
                "router.complexity.complexFrom: must be >= simpleBelow (0.2)",
                "router.complexity.economy[1]: names no configured cluster or provider",
                "router.savingsBaseline: names no configured cluster or provider"), problems(yaml));
    }

    @Test
    void aConfigWithNothingToRouteToIsRefused() {
        assertEquals(List.of("clusters: nothing to route to: configure a cluster or enable an external provider"),
                problems("externalProviders: [{name: o, type: openai, enabled: false}]\n"));
        assertEquals(List.of("(document): the configuration is empty"), problems("# nothing here\n"));
        assertEquals(List.of("(document): must be a mapping of keys to values"), problems("- a\n- b\n"));
    }

    @Test
    void yamlSyntaxErrorsGiveLineAndColumn() {
        List<String> problems = problems("""
                router:
                  routingStrategy: cost
                 maxQueueDepth: 3
                """);

        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().startsWith("line 3, column 2: YAML syntax error: "), problems.getFirst());
    }

    @Test
    void duplicateKeysAreErrorsRatherThanLastOneWins() {
        List<String> problems = problems("""
                router:
                  maxQueueDepth: 3
                  maxQueueDepth: 30
                """);

        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().matches("line 3, column \\d+: YAML error: Duplicate field 'maxQueueDepth'"),
                problems.getFirst());
    }

    @Test
    void yamlAliasesAreRefusedRatherThanReadAsTheirName() {
        List<String> problems = problems("""
                clusters:
                  - {name: a, endpoint: 'https://a', costPerHour: 1, authType: hmac, sharedSecret: &key abc}
                  - {name: b, endpoint: 'https://b', costPerHour: 1, authType: hmac, sharedSecret: *key}
                """);

        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().matches(
                "line 3, column \\d+: YAML error: YAML aliases \\(\\*name\\) are not supported; write the value out"),
                problems.getFirst());
    }
}
