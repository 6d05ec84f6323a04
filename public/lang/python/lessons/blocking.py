# The seed's sync loop (requests.get, one call after another), as Pyodide can
# run it: `open_url(i, url)` is a synchronous XHR, as pyodide.http.open_url
# makes one, so each call blocks the worker's only thread until its answer is
# in. Pyodide has no threads: the post's "5 threads" have no Python twin here.
# It answers with .status and .bytes for any HTTP answer (500 included) and
# raises on a network error or a timeout, like requests.get.


def main(urls, k, open_url):
    results = []
    for i, url in enumerate(urls):
        try:
            results.append(open_url(i, url))  # nothing else runs meanwhile
        except Exception as e:
            results.append(e)  # one outcome per request; the loop goes on
    return results
