import * as OTPAuth from "otpauth";

/** The current code of an authenticator app holding this otpauth:// URI or base32 secret. */
export function totpCode(uriOrSecret: string, timestamp = Date.now()): string {
  const totp = uriOrSecret.startsWith("otpauth://")
    ? (OTPAuth.URI.parse(uriOrSecret) as OTPAuth.TOTP)
    : new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(uriOrSecret), digits: 6, period: 30 });
  return totp.generate({ timestamp });
}
