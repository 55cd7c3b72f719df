// NIST P-256 (FIPS 186-4 appendix D.1.2.3; SEC 2 secp256r1): the curve of
// JWS ES256 (RFC 7518 section 3.4).

import { CurveParameters } from "./curve-params";

export const P256: CurveParameters = new CurveParameters(
  "P-256",
  32,
  "ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff ffffffff",
  "ffffffff 00000000 ffffffff ffffffff bce6faad a7179e84 f3b9cac2 fc632551",
  "5ac635d8 aa3a93e7 b3ebbd55 769886bc 651d06b0 cc53b0f6 3bce3c3e 27d2604b",
  "6b17d1f2 e12c4247 f8bce6e5 63a440f2 77037d81 2deb33a0 f4a13945 d898c296",
  "4fe342e2 fe1a7f9b 8ee7eb4a 7c0f9e16 2bce3357 6b315ece cbb64068 37bf51f5",
);
