"""session generations of accounts; wall keys derived, no longer stored

Revision ID: c41f7a9d2e6b
Revises: a3c5e1f2b7d9
Create Date: 2026-12-06

* ``moderator.session_token``: every session and remember cookie carries it; logging out,
  a new password and deleting the account replace it, which ends every session at once.
  Each existing account gets a random one (sessions from before the upgrade end).
* ``workshop.wall_salt`` replaces ``workshop.wall_token``: the wall key is now derived with
  the app's secret key from the workshop's id and this random salt, so the database holds
  nothing that opens a wall. Workshops that had a wall link get a new one (the moderator
  page shows it); the plain keys are dropped.
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41f7a9d2e6b'
down_revision = 'a3c5e1f2b7d9'
branch_labels = None
depends_on = None


def _fill(table, column, ids, make):
    connection = op.get_bind()
    statement = sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id")
    for row_id in ids:
        connection.execute(statement, {"value": make(), "id": row_id})


def upgrade():
    connection = op.get_bind()
    with op.batch_alter_table('moderator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=32), nullable=True))
    _fill('moderator', 'session_token', connection.execute(sa.text("SELECT id FROM moderator")).scalars().all(),
          lambda: secrets.token_urlsafe(24))
    with op.batch_alter_table('moderator', schema=None) as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=32), nullable=False)

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wall_salt', sa.String(length=32), nullable=True))
    with_link = connection.execute(sa.text("SELECT id FROM workshop WHERE wall_token IS NOT NULL")).scalars().all()
    _fill('workshop', 'wall_salt', with_link, lambda: secrets.token_urlsafe(12))
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_workshop_wall_token'), type_='unique')
        batch_op.drop_column('wall_token')


def downgrade():
    # Wall keys cannot be recovered from their salts: every workshop gets a new plain key.
    connection = op.get_bind()
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wall_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_workshop_wall_token'), ['wall_token'])
    with_link = connection.execute(sa.text("SELECT id FROM workshop WHERE wall_salt IS NOT NULL")).scalars().all()
    _fill('workshop', 'wall_token', with_link, lambda: secrets.token_urlsafe(24))
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('wall_salt')

    with op.batch_alter_table('moderator', schema=None) as batch_op:
        batch_op.drop_column('session_token')
