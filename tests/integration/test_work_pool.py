"""Handlers that wait run on the work pool, not on the threads that read requests:
with the one worker busy hashing passwords, cached pages and /healthz still answer,
and what does not fit the bounded queue gets 503 with Retry-After (never a stall, a
500 or a dropped connection)."""
import re
import threading
import unittest
import urllib.parse

from harness import QalamTestCase, add_user, parse_response
from test_newsroom_ui import Browser

PASSWORD = "correct horse battery"


class OneBusyWorker(QalamTestCase):
    config = {"server.workers": "1", "server.queue_limit": "1"}

    @classmethod
    def prepare_site(cls, site):
        add_user(site, "editor@example.org", "editor", password=PASSWORD)

    def sign_in_request(self):
        """A whole sign-in POST (argon2id on the server), ready to send."""
        _, _, page = Browser(self.server).get("/newsroom/sign-in")
        nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"nonce": nonce, "email": "editor@example.org", "password": PASSWORD}).encode()
        return (b"POST /newsroom/sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Cookie: qalam_sign_in=" + nonce.encode() + b"\r\n"
                b"Content-Length: " + str(len(form)).encode() + b"\r\n\r\n" + form)

    def test_a_full_queue_is_answered_503_and_cached_pages_still_answer(self):
        for _ in range(2):
            status, headers, _ = self.server.get("/en/")
        self.assertEqual((status, headers.get("x-cache")), (200, "hit"))
        requests = [self.sign_in_request() for _ in range(8)]
        answers = [None] * len(requests)
        sockets = [self.server.connect(timeout=30) for _ in requests]
        barrier = threading.Barrier(len(requests))

        def send(i):
            barrier.wait()
            sockets[i].sendall(requests[i])
            chunks = []
            while True:
                data = sockets[i].recv(65536)
                if not data:
                    break
                chunks.append(data)
            sockets[i].close()
            answers[i] = parse_response(b"".join(chunks))[0]

        threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
        for t in threads:
            t.start()
        # While the worker hashes: the readers' threads answer from memory.
        status, headers, _ = self.server.get("/en/")
        self.assertEqual((status, headers.get("x-cache")), (200, "hit"))
        self.assertEqual(self.server.get("/healthz")[0], 200)
        for t in threads:
            t.join(60)
        statuses = sorted(a[0] for a in answers)
        self.assertTrue(all(s in (303, 503) for s in statuses), statuses)
        self.assertIn(303, statuses)   # signed in: the one the worker ran, at least
        self.assertIn(503, statuses)   # one worker and one place in the queue cannot take eight
        for status, headers, body in answers:
            if status == 503:
                self.assertEqual(headers.get("retry-after"), "2")
                self.assertIn(b"busy", body)
        metrics = self.server.get("/metrics")[2].decode()
        refused = int(re.search(r"^qalam_work_refused_total (\d+)", metrics, re.M).group(1))
        self.assertEqual(refused, statuses.count(503))

    def test_the_pool_is_named_in_the_start_up_line(self):
        self.assertIn("with 2 threads and 1 workers", self.server.log())


if __name__ == "__main__":
    unittest.main()
