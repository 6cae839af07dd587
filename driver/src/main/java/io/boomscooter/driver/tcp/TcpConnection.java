package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import static io.boomscooter.driver.tcp.TcpFraming.LENGTH_FIELD_LENGTH;

/**
 * One accepted socket: its receive-side frame assembler, its send backlog and its life-cycle state.
 * A session object ticked by {@link TcpTransportPoller}, which owns opening and closing it.
 */
final class TcpConnection
{
    enum State
    {
        OPEN, CLOSING, CLOSED
    }

    private final long id;
    private final SocketChannel channel;
    private final InetSocketAddress remoteAddress;
    private final TcpFrameAssembler assembler;
    private final TcpSendBuffer sendBuffer;
    private final TcpTransportCounters counters;
    private final int maxMessageLength;
    private SelectionKey selectionKey;
    private State state = State.OPEN;
    private boolean writeInterest;
    private long sendPosition;
    private long closeDeadlineNs;
    boolean inFlushQueue;

    TcpConnection(
        final long id,
        final SocketChannel channel,
        final InetSocketAddress remoteAddress,
        final int maxMessageLength,
        final int receiveBufferLength,
        final int sendBufferLength,
        final TcpTransportCounters counters)
    {
        this.id = id;
        this.channel = channel;
        this.remoteAddress = remoteAddress;
        this.maxMessageLength = maxMessageLength;
        this.counters = counters;
        assembler = new TcpFrameAssembler(maxMessageLength, receiveBufferLength);
        sendBuffer = new TcpSendBuffer(Math.max(sendBufferLength, maxMessageLength + LENGTH_FIELD_LENGTH));
    }

    long id()
    {
        return id;
    }

    SocketChannel channel()
    {
        return channel;
    }

    InetSocketAddress remoteAddress()
    {
        return remoteAddress;
    }

    State state()
    {
        return state;
    }

    boolean isOpen()
    {
        return state == State.OPEN;
    }

    void selectionKey(final SelectionKey selectionKey)
    {
        this.selectionKey = selectionKey;
    }

    /**
     * One read, then every complete frame to the handler. The handler may close this connection, in
     * which case dispatch stops at once.
     *
     * @return null while the connection stays open, otherwise why it must be closed.
     */
    TcpDisconnectReason receive(final TcpFrameHandler handler)
    {
        final int bytesRead;
        try
        {
            bytesRead = assembler.readFrom(channel);
        }
        catch (final IOException ex)
        {
            return TcpDisconnectReason.IO_ERROR;
        }

        if (bytesRead > 0)
        {
            TcpTransportCounters.add(counters.bytesIn, bytesRead);
        }

        // Frames that arrived before an EOF or a bad prefix are still delivered.
        int frameLength;
        while (state == State.OPEN && (frameLength = assembler.nextFrame()) > 0)
        {
            TcpTransportCounters.increment(counters.framesIn);
            handler.onFrame(id, assembler.buffer(), assembler.frameOffset(), frameLength);
        }

        if (state != State.OPEN)
        {
            return null;
        }
        if (assembler.nextFrame() == TcpFrameAssembler.INVALID_LENGTH)
        {
            return TcpDisconnectReason.INVALID_FRAME_LENGTH;
        }
        if (bytesRead < 0)
        {
            return assembler.pendingBytes() > 0 ?
                TcpDisconnectReason.PEER_CLOSED_MID_FRAME : TcpDisconnectReason.PEER_CLOSED;
        }
        return null;
    }

    /**
     * @return the offending prefix after {@link TcpDisconnectReason#INVALID_FRAME_LENGTH}.
     */
    int invalidFrameLength()
    {
        return assembler.invalidLength();
    }

    /**
     * One write of the backlog; asks the selector for writability only while a backlog remains.
     *
     * @return null while the connection stays open, otherwise why it must be closed.
     */
    TcpDisconnectReason flush()
    {
        try
        {
            final int written = sendBuffer.flushTo(channel);
            if (written > 0)
            {
                TcpTransportCounters.add(counters.bytesOut, written);
            }
        }
        catch (final IOException ex)
        {
            return TcpDisconnectReason.IO_ERROR;
        }

        final boolean backlog = sendBuffer.backlog() > 0;
        if (backlog != writeInterest)
        {
            writeInterest = backlog;
            updateInterest();
        }

        if (!backlog && state == State.CLOSING)
        {
            return TcpDisconnectReason.CLOSED_BY_APPLICATION;
        }
        return null;
    }

    int backlog()
    {
        return sendBuffer.backlog();
    }

    long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = checkSendable(length);
        if (result < 0)
        {
            return result;
        }
        if (!sendBuffer.append(buffer, offset, length))
        {
            TcpTransportCounters.increment(counters.backPressureEvents);
            return TcpSendResult.BACK_PRESSURED;
        }
        return onFrameQueued(length);
    }

    long tryClaim(final int length, final TcpBufferClaim claim)
    {
        final long result = checkSendable(length);
        if (result < 0)
        {
            return result;
        }
        final int frameOffset = sendBuffer.claim(length);
        if (frameOffset < 0)
        {
            TcpTransportCounters.increment(counters.backPressureEvents);
            return TcpSendResult.BACK_PRESSURED;
        }
        claim.wrap(this, sendBuffer.buffer(), frameOffset, length);
        return sendPosition + LENGTH_FIELD_LENGTH + length;
    }

    boolean commitClaim(final int frameOffset, final int length)
    {
        if (state != State.OPEN || !sendBuffer.commitClaim(frameOffset, length))
        {
            return false;
        }
        onFrameQueued(length);
        return true;
    }

    void abortClaim(final int frameOffset)
    {
        sendBuffer.abortClaim(frameOffset);
    }

    /**
     * Stop reading and accept no more frames; the poller closes the connection once the backlog is out
     * or the deadline passes.
     */
    void startClosing(final long deadlineNs)
    {
        state = State.CLOSING;
        closeDeadlineNs = deadlineNs;
        sendBuffer.abortAnyClaim();
        updateInterest();
    }

    long closeDeadlineNs()
    {
        return closeDeadlineNs;
    }

    /**
     * Release the socket; idempotent.
     */
    void close()
    {
        if (state != State.CLOSED)
        {
            state = State.CLOSED;
            if (null != selectionKey)
            {
                selectionKey.cancel();
            }
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // Nothing more can be done for a socket that fails to close; the key is already cancelled.
            }
        }
    }

    private long checkSendable(final int length)
    {
        if (state != State.OPEN)
        {
            return state == State.CLOSING ? TcpSendResult.CLOSING : TcpSendResult.NOT_CONNECTED;
        }
        if (!TcpFraming.isValidMessageLength(length, maxMessageLength))
        {
            return TcpSendResult.INVALID_LENGTH;
        }
        return 0;
    }

    private long onFrameQueued(final int length)
    {
        sendPosition += LENGTH_FIELD_LENGTH + length;
        TcpTransportCounters.increment(counters.framesOut);
        return sendPosition;
    }

    private void updateInterest()
    {
        if (null != selectionKey && selectionKey.isValid())
        {
            final int readOps = state == State.OPEN ? SelectionKey.OP_READ : 0;
            selectionKey.interestOps(readOps | (writeInterest ? SelectionKey.OP_WRITE : 0));
        }
    }
}
