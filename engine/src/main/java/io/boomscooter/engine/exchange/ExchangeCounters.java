package io.boomscooter.engine.exchange;

/**
 * What an exchange endpoint counted, written on its duty-cycle thread only (read them from that thread, or as a
 * rough live view from another: plain fields, no allocation per count).
 */
public final class ExchangeCounters
{
    long framesOut;
    long framesIn;
    long bytesOut;
    long postsOut;
    long postsIn;
    long requestsOut;
    long requestsIn;
    long responsesOut;
    long responsesIn;
    long streamsOpened;
    long streamsAccepted;
    long streamMessagesOut;
    long streamMessagesIn;
    long finishesOut;
    long finishesIn;
    long heartbeatsOut;
    long heartbeatsIn;
    long pingsAnswered;
    long malformed;
    long unknownIds;
    long dropped;
    long peersClosedSilent;
    long tooLong;

    public long framesIn()
    {
        return framesIn;
    }

    public long framesOut()
    {
        return framesOut;
    }

    public long malformed()
    {
        return malformed;
    }

    public long unknownIds()
    {
        return unknownIds;
    }

    public long dropped()
    {
        return dropped;
    }

    public long heartbeatsIn()
    {
        return heartbeatsIn;
    }

    public long peersClosedSilent()
    {
        return peersClosedSilent;
    }

    public long postsIn()
    {
        return postsIn;
    }

    public long requestsIn()
    {
        return requestsIn;
    }

    public long responsesIn()
    {
        return responsesIn;
    }

    public long streamMessagesIn()
    {
        return streamMessagesIn;
    }

    public String toJson()
    {
        return "{\"framesOut\":" + framesOut + ",\"framesIn\":" + framesIn + ",\"bytesOut\":" + bytesOut +
            ",\"postsOut\":" + postsOut + ",\"postsIn\":" + postsIn + ",\"requestsOut\":" + requestsOut +
            ",\"requestsIn\":" + requestsIn + ",\"responsesOut\":" + responsesOut + ",\"responsesIn\":" + responsesIn +
            ",\"streamsOpened\":" + streamsOpened + ",\"streamsAccepted\":" + streamsAccepted +
            ",\"streamMessagesOut\":" + streamMessagesOut + ",\"streamMessagesIn\":" + streamMessagesIn +
            ",\"finishesOut\":" + finishesOut + ",\"finishesIn\":" + finishesIn +
            ",\"heartbeatsOut\":" + heartbeatsOut + ",\"heartbeatsIn\":" + heartbeatsIn +
            ",\"pingsAnswered\":" + pingsAnswered + ",\"malformed\":" + malformed + ",\"unknownIds\":" + unknownIds +
            ",\"dropped\":" + dropped + ",\"peersClosedSilent\":" + peersClosedSilent + ",\"tooLong\":" + tooLong + "}";
    }
}
