/* cr-test-certs.h — two self-signed certificates made once for unit tests
 *
 * Made with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1
 *   -nodes -days 36500 -subj /CN=test-a.example
 *   -addext subjectAltName=DNS:test-a.example (and test-b)
 * Throw-away keys that protect nothing; the fingerprints are what
 * `openssl x509 -noout -fingerprint -sha256` printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define TEST_CERT_A_SHA256 \
  "5B:C0:FA:AC:FB:B4:86:05:54:39:84:1A:3B:7C:A5:13:9F:FD:E1:36:CC:74:52:E3:F3:25:8A:DD:D5:95:E4:56"
#define TEST_CERT_B_SHA256 \
  "3E:7D:97:01:3A:43:3F:8E:9F:65:AB:3B:23:8E:CE:9A:EA:79:AB:EC:57:D5:77:3C:64:C5:78:88:28:3C:0E:20"

static const char test_cert_a[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBpDCCAUqgAwIBAgIUMnmz0hbs7NjMniR3yxh4h/smLhEwCgYIKoZIzj0EAwIw\n"
  "GTEXMBUGA1UEAwwOdGVzdC1hLmV4YW1wbGUwIBcNMjYxMTI2MDkyNTA4WhgPMjEy\n"
  "NjExMDIwOTI1MDhaMBkxFzAVBgNVBAMMDnRlc3QtYS5leGFtcGxlMFkwEwYHKoZI\n"
  "zj0CAQYIKoZIzj0DAQcDQgAEb3MPckAOWH2Mn0Smy0FaMnzBivpgUcIU8BMibBSs\n"
  "i8OnVL5z0sgg7XxupyhRmELULj8aXsJ2euqJec8hRaHkwaNuMGwwHQYDVR0OBBYE\n"
  "FIYG+JVw+PfmYLoPRSUWcCOOuO/hMB8GA1UdIwQYMBaAFIYG+JVw+PfmYLoPRSUW\n"
  "cCOOuO/hMA8GA1UdEwEB/wQFMAMBAf8wGQYDVR0RBBIwEIIOdGVzdC1hLmV4YW1w\n"
  "bGUwCgYIKoZIzj0EAwIDSAAwRQIhAL2lQ+6R8+9tvMirmxSG1DrpPN+uZi1Xi4x2\n"
  "MaqbxE4hAiBn0Qe6MDoQgvEM1KlVuQeEJFH1XdHyIjysQAbhzYCfAw==\n"
  "-----END CERTIFICATE-----\n";

static const char test_key_a[] =
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgoHQ5lle+8KdX8pyx\n"
  "EA1EARLz7QQ8guvSe6uXSII7dJKhRANCAARvcw9yQA5YfYyfRKbLQVoyfMGK+mBR\n"
  "whTwEyJsFKyLw6dUvnPSyCDtfG6nKFGYQtQuPxpewnZ66ol5zyFFoeTB\n"
  "-----END PRIVATE KEY-----\n";

static const char test_cert_b[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBpDCCAUqgAwIBAgIUI3OwNL2pp7mVGi/6K76OzJBtQI4wCgYIKoZIzj0EAwIw\n"
  "GTEXMBUGA1UEAwwOdGVzdC1iLmV4YW1wbGUwIBcNMjYxMTI2MDkyNTA4WhgPMjEy\n"
  "NjExMDIwOTI1MDhaMBkxFzAVBgNVBAMMDnRlc3QtYi5leGFtcGxlMFkwEwYHKoZI\n"
  "zj0CAQYIKoZIzj0DAQcDQgAEhRSSZpBQEL9Fz9IKpmRuLeSZ6Mg6eMmMobyXFYYv\n"
  "dQ8GXTu9ZJnJUc9+qNXWvAQpB9V2Vp+FTxiu5QRjx+wZHqNuMGwwHQYDVR0OBBYE\n"
  "FF/eMEZWmR5b54M0NIyzzF7/1dt0MB8GA1UdIwQYMBaAFF/eMEZWmR5b54M0NIyz\n"
  "zF7/1dt0MA8GA1UdEwEB/wQFMAMBAf8wGQYDVR0RBBIwEIIOdGVzdC1iLmV4YW1w\n"
  "bGUwCgYIKoZIzj0EAwIDSAAwRQIhAIwgnYMRMd+cdWgPQz/2xSK0reyLaHx2cW7z\n"
  "XfOx1TBkAiASwSM9UMF/S/UH8stt6/3V9JvL+8iznWxa7isnysDnmw==\n"
  "-----END CERTIFICATE-----\n";

static const char test_key_b[] =
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgXFhTZevrd/cU107T\n"
  "etPEG2X2DhPlb+R7FFpMHHBNp8mhRANCAASFFJJmkFAQv0XP0gqmZG4t5JnoyDp4\n"
  "yYyhvJcVhi91DwZdO71kmclRz36o1da8BCkH1XZWn4VPGK7lBGPH7Bke\n"
  "-----END PRIVATE KEY-----\n";
