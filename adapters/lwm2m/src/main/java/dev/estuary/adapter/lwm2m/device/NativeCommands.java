package dev.estuary.adapter.lwm2m.device;

import dev.estuary.adapter.lwm2m.Json;
import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.CommandParser;
import dev.estuary.adapter.lwm2m.command.NativeAnswer;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Responder;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceMessageHandler;
import dev.estuary.core.spi.DeviceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles JSON commands published to {@code devices/lwm2m/{endpoint}/down}: parses them, runs them, and answers on
 * the requester's MQTT 5 response topic (with its correlation data) or on {@code devices/lwm2m/{endpoint}/reply}.
 * Every command gets exactly one answer, including malformed ones.
 */
public final class NativeCommands implements DeviceMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(NativeCommands.class);

    private final Lifecycle lifecycle;
    private final CommandParser parser;
    private final CommandRunner runner;

    public NativeCommands(Lifecycle lifecycle, CommandParser parser, CommandRunner runner) {
        this.lifecycle = lifecycle;
        this.parser = parser;
        this.runner = runner;
    }

    @Override
    public void onMessage(DeviceSession session, DeviceMessage message) {
        Responder responder = o -> session.reply(message, Json.bytes(NativeAnswer.of(o, message.requestId())),
                "application/json");
        if (message.channel() != null) {
            responder.answer(Outcome.failed(null, "commands go to " + message.topic().substring(0,
                    message.topic().length() - message.channel().length() - 1) + " (no sub-topic)"));
            return;
        }
        Command c;
        try {
            c = parser.parse(message.payload());
        } catch (CommandException e) {
            LOG.debug("bad command from {} for {}: {}", message.publisherId(), session.deviceId(), e.getMessage());
            responder.answer(Outcome.failed(null, e.getMessage()));
            return;
        }
        Endpoint ep = lifecycle.endpoint(session.deviceId());
        if (ep == null || ep.session() != session) {
            responder.answer(Outcome.failed(c, "endpoint " + session.deviceId() + " is not registered"));
            return;
        }
        runner.run(ep, c, responder);
    }
}
