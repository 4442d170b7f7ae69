package io.llmrouter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Loads the router configuration from YAML in the Go router's format (see
 * {@code config/router-example.yaml} on the classpath for every key, its default and its meaning).
 *
 * <ul>
 *   <li>{@code ${VAR}} and {@code ${VAR:-default}} in any string value are read from the {@code env} map given
 *       (normally {@code System.getenv()}); an unset variable without a default is an error, except in the
 *       {@code apiKey} of a disabled provider. {@code $${} writes a literal {@code ${}. A value that is empty
 *       after substitution counts as not set.</li>
 *   <li>Durations are written {@code 30s}, {@code 500ms}, {@code 5m}, {@code 1h30m} or {@code PT30S}; a bare
 *       number is refused.</li>
 *   <li>The Go router's sections and keys this router does not use are skipped; any other unknown key is an
 *       error (see {@link RouterConfigReader}).</li>
 *   <li>Every problem is collected and thrown at once as a {@link ConfigException}. Secret values (shared
 *       secrets, API keys, the admin key) never appear in its message, nor in the records' toString.</li>
 * </ul>
 */
public final class ConfigLoader {

    /** {@link #load} reads an SSM parameter for a location starting with this prefix. */
    public static final String SSM_PREFIX = "ssm:";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /**
     * Loads from {@code ssm:<parameter name>} (e.g. {@code ssm:/llm-router/config}) or else from a file path.
     *
     * @param ssmClients makes the SSM client for an {@code ssm:} location, which is closed after the read; not
     *                   called for a file, so that loading a file costs no SDK client start-up
     */
    public static RouterConfig load(String location, Map<String, String> env, Supplier<SsmClient> ssmClients) {
        return load(location, env, ssmClients, SecretResolver.unavailable());
    }

    /**
     * As {@link #load(String, Map, Supplier)}, resolving {@code ssm:} and {@code secretsmanager:} references
     * in credential fields with {@code secrets}.
     */
    public static RouterConfig load(String location, Map<String, String> env, Supplier<SsmClient> ssmClients,
                                    SecretResolver secrets) {
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw ConfigException.unreadable("(no location)", "the configuration location is empty", null);
        }
        if (location.startsWith(SSM_PREFIX)) {
            try (SsmClient ssm = ssmClients.get()) {
                return fromSsmParameter(location.substring(SSM_PREFIX.length()), ssm, env, secrets);
            }
        }
        return fromFile(Path.of(location), env, secrets);
    }

    public static RouterConfig fromFile(Path path, Map<String, String> env) {
        return fromFile(path, env, SecretResolver.unavailable());
    }

    public static RouterConfig fromFile(Path path, Map<String, String> env, SecretResolver secrets) {
        String yaml;
        try {
            yaml = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw ConfigException.unreadable(path.toString(), "no such file", e);
        } catch (IOException e) {
            throw ConfigException.unreadable(path.toString(), e.toString(), e);
        }
        return fromYaml(yaml, path.toString(), env, secrets);
    }

    /** Reads a String or SecureString parameter (decrypted) whose value is the YAML text. */
    public static RouterConfig fromSsmParameter(String name, SsmClient ssm, Map<String, String> env) {
        return fromSsmParameter(name, ssm, env, SecretResolver.unavailable());
    }

    public static RouterConfig fromSsmParameter(String name, SsmClient ssm, Map<String, String> env,
                                                SecretResolver secrets) {
        String source = SSM_PREFIX + name;
        String yaml;
        try {
            yaml = SsmParameters.read(ssm, name);
        } catch (SsmParameters.Unreadable e) {
            throw ConfigException.unreadable(source, e.getMessage(), e.getCause());
        }
        return fromYaml(yaml, source, env, secrets);
    }

    public static RouterConfig fromYaml(String yaml, Map<String, String> env) {
        return fromYaml(yaml, "YAML text", env, SecretResolver.unavailable());
    }

    public static RouterConfig fromYaml(String yaml, Map<String, String> env, SecretResolver secrets) {
        return fromYaml(yaml, "YAML text", env, secrets);
    }

    private static RouterConfig withSafeStalenessWindow(RouterConfig config, String source) {
        Optional<StalenessWindowCheck.Correction> correction = StalenessWindowCheck.review(config.router());
        if (correction.isEmpty()) {
            return config;
        }
        LOG.warn("{}: {}", source, correction.get().warning());
        return new RouterConfig(config.server(), correction.get().settings(), config.clusters(),
                config.externalProviders(), config.priceFeeds(), config.modelAliases(), config.store(),
                config.clientKeys(), config.nodePrices(), config.keyCacheTtl(), config.limits(), config.cache());
    }

    private static RouterConfig fromYaml(String yaml, String source, Map<String, String> env, SecretResolver secrets) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(env, "env");
        Problems problems = new Problems();
        RouterConfig config = RouterConfigReader.read(ConfigNode.root(YamlDocument.read(yaml, source), env, problems, secrets));
        if (!problems.isEmpty()) {
            throw ConfigException.invalid(source, problems.list());
        }
        config = withSafeStalenessWindow(config, source);
        LOG.info("Loaded router configuration from {}: {} clusters, {} external providers ({} enabled), {} model aliases",
                source, config.clusters().size(), config.externalProviders().size(),
                config.enabledProviders().size(), config.modelAliases().size());
        return config;
    }
}
