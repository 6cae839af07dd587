package io.boomscooter.engine.rudp;

/**
 * What a reliable-UDP endpoint counted, written on its duty-cycle thread only (plain fields; read from another
 * thread they are a rough live view).
 */
public final class RudpCounters
{
    long packetsSent;
    long packetsReceived;
    long packetsResent;
    long bytesSent;
    long bytesReceived;
    long messagesSent;
    long messagesReceived;
    long naksSent;
    long naksReceived;
    long syncsSent;
    long syncsReceived;
    long windowFull;
    long evictedPackets;
    long packetsLost;
    long duplicates;
    long beyondHorizon;
    long poolExhausted;
    long sendFailed;
    long droppedVersion;
    long droppedDecrypt;
    long droppedReplay;
    long droppedGeneration;
    long droppedMalformed;
    long droppedFault;
    long peerRestarts;

    public long packetsSent()
    {
        return packetsSent;
    }

    public long packetsReceived()
    {
        return packetsReceived;
    }

    public long packetsResent()
    {
        return packetsResent;
    }

    public long naksSent()
    {
        return naksSent;
    }

    public long windowFull()
    {
        return windowFull;
    }

    public long evictedPackets()
    {
        return evictedPackets;
    }

    public long packetsLost()
    {
        return packetsLost;
    }

    public long duplicates()
    {
        return duplicates;
    }

    public long droppedVersion()
    {
        return droppedVersion;
    }

    public long droppedDecrypt()
    {
        return droppedDecrypt;
    }

    public long droppedReplay()
    {
        return droppedReplay;
    }

    public long droppedGeneration()
    {
        return droppedGeneration;
    }

    public long droppedMalformed()
    {
        return droppedMalformed;
    }

    public long peerRestarts()
    {
        return peerRestarts;
    }

    public long messagesReceived()
    {
        return messagesReceived;
    }

    public String toJson()
    {
        return "{\"packetsSent\":" + packetsSent + ",\"packetsReceived\":" + packetsReceived +
            ",\"packetsResent\":" + packetsResent + ",\"bytesSent\":" + bytesSent + ",\"bytesReceived\":" +
            bytesReceived + ",\"messagesSent\":" + messagesSent + ",\"messagesReceived\":" + messagesReceived +
            ",\"naksSent\":" + naksSent + ",\"naksReceived\":" + naksReceived + ",\"syncsSent\":" + syncsSent +
            ",\"syncsReceived\":" + syncsReceived + ",\"windowFull\":" + windowFull + ",\"evictedPackets\":" +
            evictedPackets + ",\"packetsLost\":" + packetsLost + ",\"duplicates\":" + duplicates +
            ",\"beyondHorizon\":" + beyondHorizon + ",\"poolExhausted\":" + poolExhausted + ",\"sendFailed\":" +
            sendFailed + ",\"droppedVersion\":" + droppedVersion + ",\"droppedDecrypt\":" + droppedDecrypt +
            ",\"droppedReplay\":" + droppedReplay + ",\"droppedGeneration\":" + droppedGeneration +
            ",\"droppedMalformed\":" + droppedMalformed + ",\"droppedFault\":" + droppedFault +
            ",\"peerRestarts\":" + peerRestarts + "}";
    }
}
