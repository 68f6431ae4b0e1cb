#!/usr/bin/env python3
# An outside check of the API contract: starts nothing, drives a running service through the README's flow
# (predict, lists, batch, ratings and events posted and erased, a keyed training job to the end, versions, an
# experiment started and ended, a catalogue entry, and bad requests) and checks every response against
# the served /v3/api-docs: status listed, declared headers present, content type named, body valid
# against its schema (JSON Schema 2020-12, as OpenAPI 3.1 uses). Prints each violation; exits 1 on any.
#   usage: bench/contract-check.py BASE_URL API_KEY      e.g. bench/contract-check.py http://127.0.0.1:8080 "$KEY"
# Needs python3-jsonschema (Debian) and a service started with that key (the embedded data is enough).
import json, urllib.request, urllib.error, sys, time, re
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
BASE=sys.argv[1]; KEY=sys.argv[2]
doc=json.load(urllib.request.urlopen(BASE+'/v3/api-docs'))
reg=Registry().with_resource('urn:doc', Resource.from_contents(doc, default_specification=__import__('referencing.jsonschema',fromlist=['DRAFT202012']).DRAFT202012))
def match(path):
    for tpl in doc['paths']:
        rx='^'+re.sub(r'\{[^}]+\}','[^/]+',tpl)+'$'
        if re.match(rx,path.split('?')[0]): return tpl
viol=[]; n=0
def call(method,path,body=None,key=False,ctype='application/json'):
    global n
    data=None if body is None else (body if isinstance(body,bytes) else json.dumps(body).encode())
    req=urllib.request.Request(BASE+path,data=data,method=method)
    if data is not None: req.add_header('Content-Type',ctype)
    if key: req.add_header('X-API-Key',KEY)
    try: r=urllib.request.urlopen(req); status=r.status; headers=r.headers; raw=r.read()
    except urllib.error.HTTPError as e: status=e.code; headers=e.headers; raw=e.read()
    n+=1
    tpl=match(path); op=doc['paths'].get(tpl,{}).get(method.lower())
    if op is None: viol.append((method,path,status,'no operation')); return status,raw
    resp=op['responses'].get(str(status))
    if resp is None: viol.append((method,path,status,'status not listed')); return status,raw
    ct=(headers.get('Content-Type') or '').split(';')[0]
    for h in (resp.get('headers') or {}):
        if h not in headers: viol.append((method,path,status,'header missing '+h))
    if raw and ct:
        media=(resp.get('content') or {}).get(ct)
        if media is None: viol.append((method,path,status,'content type not named '+ct)); return status,raw
        if 'json' in ct:
            schema=dict(media['schema']); 
            v=Draft202012Validator({'$ref':'urn:doc#'+schema['$ref'][1:]} if '$ref' in schema else schema, registry=reg)
            for e in v.iter_errors(json.loads(raw)):
                viol.append((method,path,status,'body: %s at %s'%(e.message[:160],list(e.absolute_path))))
    return status,raw
for i in range(300):
    s,_=call('GET','/users/1/recommendations')
    if s==200: break
    time.sleep(2)
call('GET','/predict?user=1&movie=1')
call('GET','/users/1/recommendations?limit=5')
call('GET','/users/999999999/recommendations')
call('GET','/predict?user=x&movie=1')
call('POST','/predictions',{'pairs':[{'user':1,'movie':1}]})
call('POST','/predictions',{'pairs':[{'user':1,'movie':1}],'x':1})
s,raw=call('GET','/users/1/ratings?limit=3')
movies=[r['movie'] for r in json.loads(raw)['ratings']] if s==200 else []
m=movies[0] if movies else 1
call('GET','/movies/%d'%m); call('GET','/movies/%d/similar?limit=3'%m); call('GET','/movies/999999999')
call('GET','/users/1/recommendations/%d/explanation'%m)
call('POST','/users/777777/ratings',[{'movie':m,'rating':8}],key=True)
call('POST','/users/777777/ratings',[{'movie':m,'rating':8}])
call('GET','/users/777777/recommendations?limit=3'); call('GET','/predict?user=777777&movie=%d'%m)
call('GET','/users/777777/ratings'); call('DELETE','/users/777777/ratings/%d'%m,key=True); call('DELETE','/users/777777',key=True)
call('POST','/users/777778/events',[{'movie':m,'type':'play'},{'movie':m,'type':'not-interested','at':'2026-01-01T00:00:00Z'}],key=True)
call('POST','/users/777778/events',{'movie':m,'type':'rewatch'},key=True)
call('GET','/users/777778/events'); call('GET','/movies/%d/similar?limit=3&user=777778'%m)
call('DELETE','/users/777778/events/%d/not-interested'%m,key=True); call('DELETE','/users/777778',key=True)
s,raw=call('POST','/training-jobs',{'parameters':{'epochs':2},'ranker':False,'activation':'never'},key=True)
jid=json.loads(raw)['id'] if s==202 else None
call('GET','/training-jobs')
if jid:
    for i in range(120):
        s,raw=call('GET','/training-jobs/'+jid)
        if json.loads(raw)['status'] in ('SUCCEEDED','FAILED','CANCELLED'): break
        time.sleep(2)
s,raw=call('GET','/models')
vs=[v['version'] for v in json.loads(raw)['versions']]
call('GET','/models/'+vs[0])
if len(vs)>=2:
    s,raw=call('POST','/experiments',{'name':'c1','variants':[{'name':'A','version':vs[0],'share':50},{'name':'B','version':vs[1],'share':50}]},key=True)
    call('GET','/users/1/recommendations'); call('GET','/experiments'); call('GET','/experiments/c1')
    call('POST','/experiments/c1/end',{'promote':'A'},key=True)
call('GET','/experiments/nope')
call('PUT','/movies/123456789',{'title':'New','year':2020,'genres':['Drama']},key=True)
call('GET','/movies/123456789')
print("requests", n, "violations", len(viol))
for v in viol: print(v)
sys.exit(1 if viol else 0)
