def test_healthz_answers_ok_with_the_database(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz/").status_code == 405


def test_livez_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez/")
    assert response.status_code == 200
    assert response.content == b"ok" and response["Cache-Control"].startswith("max-age=0")


def test_livez_refuses_post(client, db):
    assert client.post("/livez/").status_code == 405
