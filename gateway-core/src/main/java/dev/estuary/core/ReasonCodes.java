package dev.estuary.core;

/**
 * MQTT 5 reason codes (MQTT 5.0 §2.4) used by the broker, and their MQTT 3.x CONNACK equivalents. Mapping happens
 * here, in one place, so handlers pass MQTT 5 codes around and the v3 encoder translates.
 */
public final class ReasonCodes {
    public static final int SUCCESS = 0x00;
    public static final int GRANTED_QOS_1 = 0x01;
    public static final int GRANTED_QOS_2 = 0x02;
    public static final int DISCONNECT_WITH_WILL = 0x04;
    public static final int NO_MATCHING_SUBSCRIBERS = 0x10;
    public static final int NO_SUBSCRIPTION_EXISTED = 0x11;
    public static final int UNSPECIFIED_ERROR = 0x80;
    public static final int MALFORMED_PACKET = 0x81;
    public static final int PROTOCOL_ERROR = 0x82;
    public static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;
    public static final int CLIENT_IDENTIFIER_NOT_VALID = 0x85;
    public static final int BAD_USERNAME_OR_PASSWORD = 0x86;
    public static final int NOT_AUTHORIZED = 0x87;
    public static final int SERVER_UNAVAILABLE = 0x88;
    public static final int SERVER_BUSY = 0x89;
    public static final int BANNED = 0x8A;
    public static final int SERVER_SHUTTING_DOWN = 0x8B;
    public static final int BAD_AUTHENTICATION_METHOD = 0x8C;
    public static final int KEEP_ALIVE_TIMEOUT = 0x8D;
    public static final int SESSION_TAKEN_OVER = 0x8E;
    public static final int TOPIC_FILTER_INVALID = 0x8F;
    public static final int TOPIC_NAME_INVALID = 0x90;
    public static final int PACKET_IDENTIFIER_IN_USE = 0x91;
    public static final int PACKET_IDENTIFIER_NOT_FOUND = 0x92;
    public static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
    public static final int TOPIC_ALIAS_INVALID = 0x94;
    public static final int PACKET_TOO_LARGE = 0x95;
    public static final int MESSAGE_RATE_TOO_HIGH = 0x96;
    public static final int QUOTA_EXCEEDED = 0x97;
    public static final int ADMINISTRATIVE_ACTION = 0x98;
    public static final int PAYLOAD_FORMAT_INVALID = 0x99;
    public static final int RETAIN_NOT_SUPPORTED = 0x9A;
    public static final int QOS_NOT_SUPPORTED = 0x9B;
    public static final int USE_ANOTHER_SERVER = 0x9C;
    public static final int SERVER_MOVED = 0x9D;
    public static final int SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = 0x9E;
    public static final int CONNECTION_RATE_EXCEEDED = 0x9F;
    public static final int MAXIMUM_CONNECT_TIME = 0xA0;
    public static final int SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED = 0xA1;
    public static final int WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED = 0xA2;

    private ReasonCodes() {
    }

    /** True for codes 0x80 and above (failures). */
    public static boolean isError(int code) {
        return code >= 0x80;
    }

    /**
     * The MQTT 3.1/3.1.1 CONNACK return code for an MQTT 5 CONNACK reason code (MQTT 3.1.1 §3.2.2.3):
     * 1 unacceptable protocol version, 2 identifier rejected, 3 server unavailable, 4 bad user name or password,
     * 5 not authorized.
     */
    public static int toV3ConnackCode(int v5Code) {
        switch (v5Code) {
            case SUCCESS:
                return 0;
            case UNSUPPORTED_PROTOCOL_VERSION:
                return 1;
            case CLIENT_IDENTIFIER_NOT_VALID:
                return 2;
            case BAD_USERNAME_OR_PASSWORD:
            case BAD_AUTHENTICATION_METHOD:
                return 4;
            case NOT_AUTHORIZED:
            case BANNED:
                return 5;
            default:
                return 3;
        }
    }

    /** A short name for logs: {@code 0x87 not authorized}. */
    public static String describe(int code) {
        String name;
        switch (code) {
            case SUCCESS: name = "success"; break;
            case DISCONNECT_WITH_WILL: name = "disconnect with will message"; break;
            case NO_MATCHING_SUBSCRIBERS: name = "no matching subscribers"; break;
            case NO_SUBSCRIPTION_EXISTED: name = "no subscription existed"; break;
            case UNSPECIFIED_ERROR: name = "unspecified error"; break;
            case MALFORMED_PACKET: name = "malformed packet"; break;
            case PROTOCOL_ERROR: name = "protocol error"; break;
            case UNSUPPORTED_PROTOCOL_VERSION: name = "unsupported protocol version"; break;
            case CLIENT_IDENTIFIER_NOT_VALID: name = "client identifier not valid"; break;
            case BAD_USERNAME_OR_PASSWORD: name = "bad user name or password"; break;
            case NOT_AUTHORIZED: name = "not authorized"; break;
            case SERVER_UNAVAILABLE: name = "server unavailable"; break;
            case SERVER_BUSY: name = "server busy"; break;
            case BANNED: name = "banned"; break;
            case SERVER_SHUTTING_DOWN: name = "server shutting down"; break;
            case KEEP_ALIVE_TIMEOUT: name = "keep alive timeout"; break;
            case SESSION_TAKEN_OVER: name = "session taken over"; break;
            case TOPIC_FILTER_INVALID: name = "topic filter invalid"; break;
            case TOPIC_NAME_INVALID: name = "topic name invalid"; break;
            case PACKET_IDENTIFIER_IN_USE: name = "packet identifier in use"; break;
            case PACKET_IDENTIFIER_NOT_FOUND: name = "packet identifier not found"; break;
            case RECEIVE_MAXIMUM_EXCEEDED: name = "receive maximum exceeded"; break;
            case TOPIC_ALIAS_INVALID: name = "topic alias invalid"; break;
            case PACKET_TOO_LARGE: name = "packet too large"; break;
            case MESSAGE_RATE_TOO_HIGH: name = "message rate too high"; break;
            case QUOTA_EXCEEDED: name = "quota exceeded"; break;
            case ADMINISTRATIVE_ACTION: name = "administrative action"; break;
            case PAYLOAD_FORMAT_INVALID: name = "payload format invalid"; break;
            case RETAIN_NOT_SUPPORTED: name = "retain not supported"; break;
            case QOS_NOT_SUPPORTED: name = "QoS not supported"; break;
            case SHARED_SUBSCRIPTIONS_NOT_SUPPORTED: name = "shared subscriptions not supported"; break;
            case CONNECTION_RATE_EXCEEDED: name = "connection rate exceeded"; break;
            case WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED: name = "wildcard subscriptions not supported"; break;
            default: name = "reason";
        }
        return String.format("0x%02X %s", code, name);
    }
}
