package dev.estuary.adapter.lwm2m.command;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.server.observation.ObservationService;
import org.eclipse.leshan.server.registration.Registration;

/**
 * What an operation needs to know about the device it builds a request for.
 *
 * @param registration the device's current registration
 * @param model        its object model
 * @param observations the server's observations (for cancel-observe)
 */
public record Target(Registration registration, LwM2mModel model, ObservationService observations) {
}
