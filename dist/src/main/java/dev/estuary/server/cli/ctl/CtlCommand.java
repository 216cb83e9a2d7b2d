package dev.estuary.server.cli.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code estuary ctl}: the running gateway, through its management API. Tables by default, {@code --json} for the
 * API's answers. On the gateway's host it needs no set-up (the local API key file); elsewhere give {@code --url}
 * and {@code --key} (see {@link CtlOptions}). A command the API refuses prints the API's message and exits with 5.
 */
@Command(name = "ctl", description = "Manage the running gateway through its management API",
        subcommands = {StatusCommands.Status.class, StatusCommands.Listeners.class, StatusCommands.Metrics.class,
            ClientCommands.Clients.class, ClientCommands.Kick.class, ClientCommands.Subscriptions.class,
            ClientCommands.Topics.class, MessageCommands.Publish.class, MessageCommands.Retained.class,
            AccessCommands.Users.class, AccessCommands.Acl.class, OpsCommands.Plugins.class,
            StatusCommands.Adapters.class, OpsCommands.Trace.class, OpsCommands.Banned.class,
            StatusCommands.Webhooks.class, AccessCommands.ApiKeys.class})
public final class CtlCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
