package dev.estuary.server.cli.ctl;

import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.management.auth.LocalKeyFile;
import dev.estuary.server.cli.ConfigOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where {@code estuary ctl} finds the management API and with which credentials. The URL: {@code --url}, else
 * {@code management.bind} of the configuration ({@code -c FILE} or {@code ./estuary.yaml}, plus environment
 * overrides), with a wildcard host read as this host. The credentials, first found: {@code --key NAME:SECRET},
 * the environment variable {@code ESTUARY_API_KEY}, {@code --user NAME} with {@code --password} (a superuser), or
 * the local key file {@code {node.data_dir}/api_key} that the gateway writes at start.
 */
public final class CtlOptions {
    @Mixin
    ConfigOption config;

    @Option(names = "--url", paramLabel = "URL", description = "The management API, e.g. http://127.0.0.1:18083 "
            + "(default: from management.bind)")
    String url;

    @Option(names = "--key", paramLabel = "NAME:SECRET", description = "An API key (default: $ESTUARY_API_KEY, "
            + "else the local key file in node.data_dir)")
    String key;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "Log in as this superuser instead of "
            + "with an API key")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "The superuser's password")
    String password;

    @Option(names = "--json", description = "Print the API's JSON answer instead of a table")
    boolean json;

    /** The base URL without a trailing slash. */
    String baseUrl() {
        if (url != null) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        InetSocketAddress a = config.load().management().address();
        String host = a.getHostString();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "127.0.0.1";
        }
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort();
    }

    /** {@code name:secret} to send as HTTP Basic credentials. */
    String credentials() {
        if (key != null) {
            return key;
        }
        String env = System.getenv("ESTUARY_API_KEY");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        if (user != null) {
            if (password == null) {
                java.io.Console console = System.console();
                char[] pw = console == null ? null : console.readPassword("Password for %s: ", user);
                if (pw == null) {
                    throw new CtlException("--user needs --password (no terminal to ask for it)");
                }
                password = new String(pw);
            }
            return user + ":" + password;
        }
        EstuaryConfig c = config.load();
        Path file = Path.of(c.node().dataDir()).resolve(LocalKeyFile.FILE_NAME);
        try {
            String local = LocalKeyFile.read(file);
            if (local != null) {
                return local;
            }
        } catch (IOException e) {
            throw new CtlException("cannot read the local API key file " + file.toAbsolutePath() + ": "
                    + e.getMessage() + " (run as the gateway's user, or give --key)");
        }
        throw new CtlException("no credentials: no local API key file " + file.toAbsolutePath()
                + " (is the gateway running from this directory?); give --key NAME:SECRET or --user NAME");
    }
}
