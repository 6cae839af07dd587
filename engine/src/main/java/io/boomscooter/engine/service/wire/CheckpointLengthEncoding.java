package io.boomscooter.engine.service.wire;

/**
 * How a service writes its checkpoint blob's length in the Checkpoint message (type 8); chosen per service,
 * since nothing on the wire tells the two apart.
 */
public enum CheckpointLengthEncoding
{
    /**
     * A ZigZag varint64, 1..10 bytes: the C# and JavaScript clients ({@code WriteLong(checkpointSize)} in upstream
     * {@code Clients/CSharp/AmbrosiaLibCS/Immortal.cs}, {@code makeCheckpointMessage} in
     * {@code Clients/AmbrosiaJS/Ambrosia-Node/src/Messages.ts}), and what upstream's coordinator reads
     * ({@code ReadBufferedLong} in {@code AmbrosiaLib/Ambrosia/Program.cs}).
     */
    ZIGZAG,

    /**
     * A fixed 8-byte little-endian int64: the original native C client ({@code send_dummy_checkpoint} in upstream
     * {@code Clients/C/native_hello.c} stores an {@code int64_t} in host order, little-endian on x86).
     */
    FIXED64
}
