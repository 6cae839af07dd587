/**
 * Byte-level codec of the AMBROSIA client protocol: what a service (an "immortal") and its reliability
 * coordinator exchange over their two local TCP connections. Pure byte code on Agrona buffers: no sockets, no
 * threads, no allocation after construction, and no exceptions on any input (a decoder returns a status whose
 * reason is a constant string, {@link io.boomscooter.engine.service.wire.AmbrosiaWireStatus}).
 * <p>
 * The facts, as in microsoft/AMBROSIA ({@code CONTRIBUTING/AMBROSIA_client_network_protocol.md},
 * {@code SharedAmbrosiaTools/SharedAmbrosiaTools.cs}, {@code AmbrosiaLib/Ambrosia/Program.cs},
 * {@code Clients/C/src/ambrosia_client.c}, {@code Clients/AmbrosiaJS/Ambrosia-Node/src/Messages.ts}):
 * <ul>
 * <li>Coordinator to service: log records, a 24-byte little-endian header then messages packed tightly
 * ({@link io.boomscooter.engine.service.wire.AmbrosiaRecord}).</li>
 * <li>Service to coordinator: messages only, each {@code [size][type][data]}
 * ({@link io.boomscooter.engine.service.wire.AmbrosiaMessageReader},
 * {@link io.boomscooter.engine.service.wire.AmbrosiaFramer}); a Checkpoint message is followed on the stream by
 * its blob.</li>
 * <li>Integers: ZigZag varints ({@link io.boomscooter.engine.service.wire.AmbrosiaZigZag}) and fixed
 * little-endian fields.</li>
 * </ul>
 */
package io.boomscooter.engine.service.wire;
