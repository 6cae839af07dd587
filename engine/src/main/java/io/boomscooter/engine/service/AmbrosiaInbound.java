package io.boomscooter.engine.service;

import io.boomscooter.engine.service.wire.AmbrosiaBatch;
import io.boomscooter.engine.service.wire.AmbrosiaCheckpointLength;
import io.boomscooter.engine.service.wire.AmbrosiaMessageReader;
import io.boomscooter.engine.service.wire.AmbrosiaMessageType;
import io.boomscooter.engine.service.wire.AmbrosiaRpc;
import io.boomscooter.engine.service.wire.AmbrosiaVarint;
import io.boomscooter.engine.service.wire.AmbrosiaWireStatus;
import io.boomscooter.engine.service.wire.CheckpointLengthEncoding;
import org.agrona.DirectBuffer;

/**
 * Decodes what a service sends its coordinator (one framed message, a Checkpoint with its blob) and hands the
 * calls and checkpoints to the {@link AmbrosiaCoordinator}; anything malformed is refused with its reason.
 * Messages a service may send: RPC, RPCBatch, CountReplayableRPCBatch, InitialMessage, Checkpoint, and AttachTo
 * (accepted, nothing to do: every service in the log is reachable).
 */
final class AmbrosiaInbound
{
    private final AmbrosiaCoordinator coordinator;
    private final CheckpointLengthEncoding encoding;
    private final AmbrosiaMessageReader reader = new AmbrosiaMessageReader();
    private final AmbrosiaMessageReader inner = new AmbrosiaMessageReader();
    private final AmbrosiaRpc rpc = new AmbrosiaRpc();
    private final AmbrosiaBatch batch = new AmbrosiaBatch();
    private final AmbrosiaVarint varint = new AmbrosiaVarint();

    AmbrosiaInbound(final AmbrosiaCoordinator coordinator, final CheckpointLengthEncoding encoding)
    {
        this.coordinator = coordinator;
        this.encoding = encoding;
    }

    void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        reader.wrap(buffer, offset, length);
        final int status = reader.next();
        if (status != AmbrosiaMessageReader.MESSAGE)
        {
            coordinator.refuse(AmbrosiaWireStatus.reason(status));
            return;
        }
        if (reader.type() != AmbrosiaMessageType.CHECKPOINT && reader.position() != offset + length)
        {
            coordinator.refuse("bytes after the message in its frame");
            return;
        }
        final int dataOffset = reader.dataOffset();
        final int dataLength = reader.dataLength();
        switch (reader.type())
        {
            case AmbrosiaMessageType.RPC:
                outgoing(buffer, dataOffset, dataLength);
                break;

            case AmbrosiaMessageType.RPC_BATCH:
            case AmbrosiaMessageType.COUNT_REPLAYABLE_RPC_BATCH:
                batch(reader.type(), buffer, dataOffset, dataLength);
                break;

            case AmbrosiaMessageType.INITIAL_MESSAGE:
                initial(buffer, dataOffset, dataLength);
                break;

            case AmbrosiaMessageType.CHECKPOINT:
            {
                final int read = AmbrosiaCheckpointLength.readMessageData(buffer, dataOffset, dataLength, encoding,
                    varint);
                final long blobLength = varint.value;
                final int blobOffset = reader.position();
                if (read != AmbrosiaWireStatus.OK)
                {
                    coordinator.refuse(AmbrosiaWireStatus.reason(read));
                }
                else if (blobLength < 0 || blobOffset + blobLength > offset + length)
                {
                    coordinator.refuse("checkpoint blob runs past the frame");
                }
                else
                {
                    coordinator.onCheckpoint(buffer, blobOffset, (int)blobLength);
                }
                break;
            }

            case AmbrosiaMessageType.ATTACH_TO:
                break;

            default:
                coordinator.refuse("a service does not send " + AmbrosiaMessageType.name(reader.type()) + " messages");
                break;
        }
    }

    private void outgoing(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = rpc.decodeOutgoing(buffer, offset, length);
        if (status != AmbrosiaWireStatus.OK)
        {
            coordinator.refuse(rpc.reason());
            return;
        }
        coordinator.onOutgoingCall(buffer, rpc.destinationOffset(), rpc.destinationLength(), rpc.kind(),
            rpc.methodId(), rpc.argumentsOffset(), rpc.argumentsLength());
    }

    private void batch(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (batch.decode(type, buffer, offset, length) != AmbrosiaWireStatus.OK ||
            batch.verifyMessages(buffer, inner) != AmbrosiaWireStatus.OK)
        {
            coordinator.refuse(batch.reason());
            return;
        }
        inner.wrap(buffer, batch.messagesOffset(), batch.messagesLength());
        for (int i = 0; i < batch.count(); i++)
        {
            if (inner.next() != AmbrosiaMessageReader.MESSAGE || inner.type() != AmbrosiaMessageType.RPC)
            {
                coordinator.refuse("a batch holds something other than RPCs");
                return;
            }
            outgoing(buffer, inner.dataOffset(), inner.dataLength());
            if (!coordinator.isAttached())
            {
                return; // refused part-way
            }
        }
    }

    /**
     * The InitialMessage holds a whole incoming RPC message: logged as the service's first call to itself.
     */
    private void initial(final DirectBuffer buffer, final int offset, final int length)
    {
        inner.wrap(buffer, offset, length);
        if (inner.next() != AmbrosiaMessageReader.MESSAGE || inner.type() != AmbrosiaMessageType.RPC)
        {
            coordinator.refuse("InitialMessage does not hold an RPC message");
            return;
        }
        final int status = rpc.decodeIncoming(buffer, inner.dataOffset(), inner.dataLength());
        if (status != AmbrosiaWireStatus.OK)
        {
            coordinator.refuse(rpc.reason());
            return;
        }
        coordinator.onOutgoingCall(buffer, 0, 0, rpc.kind(), rpc.methodId(), rpc.argumentsOffset(),
            rpc.argumentsLength());
    }
}
