-- Posts the same signed payment notification, as a bank retrying would.
wrk.method = "POST"
wrk.body = os.getenv("IPN_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
