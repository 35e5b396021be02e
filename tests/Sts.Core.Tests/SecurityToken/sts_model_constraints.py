# Prints the input constraints of the STS operations Sts implements, straight from botocore's service model
# (an independent source), as JSON lines: {"op", "member", "type", "min", "max", "pattern", "required"}.
import json
import botocore.session

model = botocore.session.get_session().get_service_model("sts")
for op in ["AssumeRole", "GetSessionToken", "GetAccessKeyInfo", "DecodeAuthorizationMessage"]:
    shape = model.operation_model(op).input_shape
    for name, member in shape.members.items():
        meta = member.metadata
        print(json.dumps({
            "op": op, "member": name, "type": member.type_name,
            "min": meta.get("min"), "max": meta.get("max"), "pattern": meta.get("pattern"),
            "required": name in shape.required_members,
        }))
