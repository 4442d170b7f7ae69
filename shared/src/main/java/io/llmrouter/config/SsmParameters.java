package io.llmrouter.config;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Reads one SSM parameter, decrypted (a SecureString gives its plain value). Both the configuration
 * itself ({@code ROUTER_CONFIG=ssm:/...}) and secret references in it ({@code ssm:/...}) are read here.
 */
final class SsmParameters {

    private SsmParameters() {
    }

    /** Why a parameter could not be read: a readable reason that never holds the value. */
    static final class Unreadable extends Exception {
        Unreadable(String reason, SdkException cause) {
            super(reason, cause);
        }
    }

    static String read(SsmClient ssm, String name) throws Unreadable {
        try {
            return ssm.getParameter(request -> request.name(name).withDecryption(true)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new Unreadable("SSM parameter not found", e);
        } catch (SsmException e) {
            // SSM answered with an error (access denied, KMS, throttling): its code and message say why.
            String message = e.awsErrorDetails().errorMessage();
            throw new Unreadable("SSM GetParameter failed: " + e.awsErrorDetails().errorCode()
                    + (message == null || message.isBlank() ? "" : ": " + message), e);
        } catch (SdkException e) {
            throw new Unreadable("SSM could not be reached: " + e.getMessage(), e);
        }
    }
}
